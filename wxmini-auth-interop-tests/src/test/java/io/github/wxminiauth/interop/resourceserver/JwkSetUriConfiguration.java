package io.github.wxminiauth.interop.resourceserver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * ES256/RS256: Spring Boot builds the decoder from
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} and {@code .jws-algorithms}, and
 * adds this validator to its defaults (timestamps, {@code typ}), so {@code iss} must be
 * {@code wxmini-auth}. ({@code issuer-uri} alone would make Boot fetch OpenID discovery documents
 * that wxmini-auth does not serve.)
 */
@Configuration(proxyBeanMethods = false)
public class JwkSetUriConfiguration {

	@Bean
	OAuth2TokenValidator<Jwt> wxminiIssuer() {
		return new JwtIssuerValidator("wxmini-auth");
	}

}
