package io.github.wxminiauth.coexistence.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's chain: form login, sessions and CSRF protection as Spring Security sets them up.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

	@Bean
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

}
