package io.github.wxminiauth.security.authentication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.wxminiauth.token.VerifiedAccessToken;
import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;

/**
 * An authenticated mini-program request: the principal and authorities come from its access
 * token, so no store is read per request. Besides the token's {@code authorities} it carries
 * Spring Security's bearer factor ({@value FactorGrantedAuthority#BEARER_AUTHORITY}), like
 * every other bearer authentication, so that factor-based authorization treats mini-program users
 * like other bearer users.
 *
 * @since 0.1.0
 */
public final class WxJwtAuthenticationToken extends AbstractAuthenticationToken {

	private final VerifiedAccessToken token;

	/**
	 * Creates the authentication of a verified access token: the token's authorities plus the
	 * bearer factor, issued at {@code authenticatedAt}.
	 * @param token the verified token
	 * @param authenticatedAt when the token was verified
	 * @return the authentication
	 * @since 0.2.0
	 */
	public static WxJwtAuthenticationToken authenticated(VerifiedAccessToken token, Instant authenticatedAt) {
		Assert.notNull(token, "token must not be null");
		Assert.notNull(authenticatedAt, "authenticatedAt must not be null");
		List<GrantedAuthority> authorities = new ArrayList<>(token.authorities().size() + 1);
		for (String authority : token.authorities()) {
			authorities.add(new SimpleGrantedAuthority(authority));
		}
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.BEARER_AUTHORITY)
			.issuedAt(authenticatedAt)
			.build());
		return new WxJwtAuthenticationToken(token, authorities);
	}

	/**
	 * Creates an authentication with exactly these authorities; most callers want
	 * {@link #authenticated(VerifiedAccessToken, Instant)}, which adds the bearer factor.
	 * @param token the verified token
	 * @param authorities the authorities
	 */
	public WxJwtAuthenticationToken(VerifiedAccessToken token, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		Assert.notNull(token, "token must not be null");
		this.token = token;
		super.setAuthenticated(true);
	}

	@Override
	public WxPrincipal getPrincipal() {
		return this.token.principal();
	}

	/**
	 * Always {@code null}: the token was verified and is not kept.
	 * @return {@code null}
	 */
	@Override
	public Object getCredentials() {
		return null;
	}

	public VerifiedAccessToken getToken() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.token.principal().openid();
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "cannot set this token to trusted");
		super.setAuthenticated(false);
	}

}
