package io.github.wxminiauth.coexistence.partner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The partner API's chain: opaque tokens introspected at the authorization server (configured
 * with Spring Boot's {@code spring.security.oauth2.resourceserver.opaquetoken.*}), and HTTP Basic
 * for the operations team.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class PartnerSecurity {

	@Bean
	SecurityFilterChain partnerSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer((resourceServer) -> resourceServer.opaqueToken(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
