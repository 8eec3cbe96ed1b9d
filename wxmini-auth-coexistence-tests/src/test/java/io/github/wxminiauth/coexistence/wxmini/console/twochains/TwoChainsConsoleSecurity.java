package io.github.wxminiauth.coexistence.wxmini.console.twochains;

import io.github.wxminiauth.coexistence.console.ConsoleSecurity;
import io.github.wxminiauth.security.config.WxMiniConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two chains: the mini program's paths ({@code /wx/**}, {@code /api/**}) stateless with
 * {@code wxMini()} (CSRF protection left on: the starter exempts its own endpoints and tokens),
 * and, for everything else, the chain of {@link ConsoleSecurity} unchanged.
 */
@Configuration(proxyBeanMethods = false)
public class TwoChainsConsoleSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain miniProgramSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher("/wx/**", "/api/**")
			.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

}
