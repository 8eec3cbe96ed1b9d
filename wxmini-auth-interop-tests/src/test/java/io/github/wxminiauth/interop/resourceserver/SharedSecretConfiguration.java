package io.github.wxminiauth.interop.resourceserver;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * HS256: the decoder checks signatures with the secret shared with wxmini-auth
 * ({@code wxmini.jwt.secret}), and {@code iss} with the default validators plus the issuer.
 */
@Configuration(proxyBeanMethods = false)
public class SharedSecretConfiguration {

	@Bean
	JwtDecoder jwtDecoder(@Value("${app.wxmini-jwt-secret}") String secret) {
		SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer("wxmini-auth"));
		return decoder;
	}

}
