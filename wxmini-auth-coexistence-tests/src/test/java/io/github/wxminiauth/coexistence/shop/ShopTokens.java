package io.github.wxminiauth.coexistence.shop;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The shop's own access tokens: RS256 JWTs with the user's roles in a {@code roles} claim, signed
 * with the shop's key and verified by its resource server. The key pair is generated at start-up
 * here; a real deployment loads it from its key store.
 */
@Configuration(proxyBeanMethods = false)
public class ShopTokens {

	public static final String ISSUER = "https://auth.shop.example.cn";

	public static final String KEY_ID = "shop-2026";

	static final Duration LIFETIME = Duration.ofHours(1);

	@Bean
	KeyPair shopSigningKey() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	@Bean
	JwtEncoder shopJwtEncoder(KeyPair shopSigningKey) {
		return NimbusJwtEncoder
			.withKeyPair((RSAPublicKey) shopSigningKey.getPublic(), (RSAPrivateKey) shopSigningKey.getPrivate())
			.jwkPostProcessor((jwk) -> jwk.keyID(KEY_ID))
			.build();
	}

	@Bean
	JwtDecoder shopJwtDecoder(KeyPair shopSigningKey) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) shopSigningKey.getPublic())
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
		return decoder;
	}

	/**
	 * The {@code roles} claim becomes {@code ROLE_…} authorities, for {@code hasRole(…)}.
	 */
	@Bean
	JwtAuthenticationConverter shopJwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return converter;
	}

	@Bean
	TokenIssuer shopTokenIssuer(JwtEncoder shopJwtEncoder) {
		return new TokenIssuer(shopJwtEncoder);
	}

	/**
	 * Issues the shop's access token to an authenticated user.
	 */
	public static final class TokenIssuer {

		private final JwtEncoder encoder;

		TokenIssuer(JwtEncoder encoder) {
			this.encoder = encoder;
		}

		public String issue(Authentication user) {
			List<String> roles = user.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter((authority) -> authority.startsWith("ROLE_"))
				.map((authority) -> authority.substring("ROLE_".length()))
				.toList();
			Instant now = Instant.now();
			JwtClaimsSet claims = JwtClaimsSet.builder()
				.issuer(ISSUER)
				.subject(user.getName())
				.issuedAt(now)
				.expiresAt(now.plus(LIFETIME))
				.claim("roles", roles)
				.build();
			JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(KEY_ID).build();
			return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		}

	}

}
