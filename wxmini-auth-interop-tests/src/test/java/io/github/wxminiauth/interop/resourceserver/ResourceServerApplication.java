package io.github.wxminiauth.interop.resourceserver;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Another service that trusts wxmini-auth's access tokens with nothing but Spring Boot's OAuth2
 * resource server: no wxmini code. How it gets its {@code JwtDecoder} is the business of
 * {@link JwkSetUriConfiguration} (ES256/RS256) or {@link SharedSecretConfiguration} (HS256).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableMethodSecurity
public class ResourceServerApplication {

	@Bean
	SecurityFilterChain api(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * The token's {@code authorities} claim, as is, becomes the Spring authorities, so
	 * {@code hasAuthority('PHONE_VERIFIED')} and {@code hasRole('ADMIN')} mean what they mean in
	 * the issuing application.
	 */
	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("authorities");
		authorities.setAuthorityPrefix("");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	@RestController
	static class Api {

		@GetMapping("/me")
		Map<String, Object> me(@AuthenticationPrincipal Jwt jwt,
				org.springframework.security.core.Authentication authentication) {
			return Map.of("sub", jwt.getSubject(), "appid", jwt.getClaimAsString("appid"), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

		@GetMapping("/orders")
		@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
		Map<String, Object> orders() {
			return Map.of("orders", java.util.List.of());
		}

	}

}
