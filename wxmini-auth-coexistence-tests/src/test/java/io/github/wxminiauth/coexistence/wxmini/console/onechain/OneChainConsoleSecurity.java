package io.github.wxminiauth.coexistence.wxmini.console.onechain;

import io.github.wxminiauth.coexistence.console.ConsoleSecurity;
import io.github.wxminiauth.security.config.WxMiniConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The chain of {@link ConsoleSecurity} with {@code http.with(WxMiniConfigurer.wxMini(), …)} put
 * first, as a developer adding one line would: form login, sessions and CSRF stay on; the mini
 * program's requests come with a bearer token.
 */
@Configuration(proxyBeanMethods = false)
public class OneChainConsoleSecurity {

	@Bean
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) {
		http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

}
