package io.github.wxminiauth.security.web.internal;

import io.github.wxminiauth.token.WxTokenService;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Matches requests whose bearer token claims to be one of the starter's access tokens (its issuer
 * or key id, see {@link WxTokenService#claimsToBeOurs(String)}). Nothing is verified: the match
 * only tells which requests are the starter's to judge, e.g. for CSRF exemption or for the
 * starter's entry point in a chain that also has other kinds of authentication.
 *
 * @since 0.2.0
 */
public final class WxAccessTokenRequestMatcher implements RequestMatcher {

	private final WxTokenService tokens;

	/**
	 * Creates the matcher.
	 * @param tokens recognises the starter's tokens
	 */
	public WxAccessTokenRequestMatcher(WxTokenService tokens) {
		Assert.notNull(tokens, "tokens must not be null");
		this.tokens = tokens;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		String token = BearerTokens.token(request);
		return token != null && this.tokens.claimsToBeOurs(token);
	}

	@Override
	public String toString() {
		return "WxAccessTokenRequestMatcher";
	}

}
