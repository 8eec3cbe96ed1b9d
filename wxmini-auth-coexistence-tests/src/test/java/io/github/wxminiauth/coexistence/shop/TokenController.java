package io.github.wxminiauth.coexistence.shop;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the shop's users get its JWT: with HTTP Basic at {@code POST /token}, or with username
 * and password as JSON at {@code POST /api/auth/login}, checked by the global
 * {@link AuthenticationManager}.
 */
@RestController
public class TokenController {

	private final AuthenticationManager authenticationManager;

	private final ShopTokens.TokenIssuer tokens;

	TokenController(AuthenticationManager authenticationManager, ShopTokens.TokenIssuer tokens) {
		this.authenticationManager = authenticationManager;
		this.tokens = tokens;
	}

	@PostMapping("/token")
	Map<String, Object> token(Authentication user) {
		return tokenResponse(user);
	}

	@PostMapping("/api/auth/login")
	ResponseEntity<Map<String, Object>> login(@RequestBody PasswordLogin login) {
		Authentication user;
		try {
			user = this.authenticationManager
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login.username(), login.password()));
		}
		catch (AuthenticationException ex) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Map.of("error", "bad_credentials", "reason", ex.getClass().getSimpleName()));
		}
		return ResponseEntity.ok(tokenResponse(user));
	}

	private Map<String, Object> tokenResponse(Authentication user) {
		return Map.of("access_token", this.tokens.issue(user), "token_type", "Bearer", "expires_in",
				ShopTokens.LIFETIME.toSeconds());
	}

	record PasswordLogin(String username, String password) {
	}

}
