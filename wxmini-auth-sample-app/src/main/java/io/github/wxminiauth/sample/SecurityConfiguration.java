package io.github.wxminiauth.sample;

import io.github.wxminiauth.security.config.WxMiniConfigurer;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application's own security, with mini-program login added by one line,
 * {@code http.with(WxMiniConfigurer.wxMini(), …)}: the login, refresh, logout and phone endpoints,
 * and the starter's bearer tokens on every other path. The rest is this application's to decide:
 * which paths are public, who may read the metrics, and, with {@link EnableMethodSecurity}, the
 * {@code @PreAuthorize} rules on the controllers. Declaring a chain switches the starter's default
 * one off. Public so that web-slice tests can {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests
				// The playground page and its assets; the API behind it needs a token
				.requestMatchers("/", "/index.html", "/playground/**", "/favicon.ico")
				.permitAll()
				// The health probe of a load balancer; its details stay hidden (show-details=never)
				.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				// Metrics and any other endpoint exposed later: operators only
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.hasRole("ADMIN")
				// The simulator's code-minting endpoints: they stand in for WeChat's app, which has
				// no token to show. (Its WeChat API is answered before this chain.)
				.requestMatchers("/simulator/**")
				.permitAll()
				// Where Spring Boot renders errors: the error must not turn into a 401
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			// Every request carries its own token: no HTTP session, no cookie, so nothing for CSRF
			// protection to protect, and no form-login logout page
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
