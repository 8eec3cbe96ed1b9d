package io.github.wxminiauth.security.web;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.token.InvalidAccessTokenException;
import io.github.wxminiauth.token.VerifiedAccessToken;
import io.github.wxminiauth.token.WxTokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <access token>}. The principal and
 * authorities come from the verified token, so no store is read per request (beyond the
 * revocation check of the token store). Requests without a bearer token pass through untouched; a
 * bad token is answered 401 {@code invalid_token} at once.
 *
 * @since 0.1.0
 */
public final class WxBearerTokenAuthenticationFilter extends OncePerRequestFilter {

	private static final Log log = LogFactory.getLog(WxBearerTokenAuthenticationFilter.class);

	private static final String BEARER_PREFIX = "Bearer ";

	private final WxTokenService tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final RequestMatcher ignoredRequests;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * Creates the filter.
	 * @param tokens verifies tokens
	 * @param entryPoint answers failed authentication
	 * @param ignoredRequests POST requests that never need a bearer token (login and refresh), on
	 * which a stale token a client still sends must not get in the way
	 */
	public WxBearerTokenAuthenticationFilter(WxTokenService tokens, AuthenticationEntryPoint entryPoint,
			RequestMatcher ignoredRequests) {
		Assert.notNull(tokens, "tokens must not be null");
		Assert.notNull(entryPoint, "entryPoint must not be null");
		Assert.notNull(ignoredRequests, "ignoredRequests must not be null");
		this.tokens = tokens;
		this.entryPoint = entryPoint;
		this.ignoredRequests = ignoredRequests;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy must not be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())
				|| isIgnored(request)) {
			chain.doFilter(request, response);
			return;
		}
		String token = header.substring(BEARER_PREFIX.length()).trim();
		// No WxMiniMetrics here: this runs on every API request, and the server's own
		// http.server.requests metric already counts them by status; a per-request meter update
		// would cost every request for no new information.
		VerifiedAccessToken verified;
		try {
			verified = verify(token);
		}
		catch (WxAuthenticationException ex) {
			this.securityContextHolderStrategy.clearContext();
			log.debug(LogMessage.format("Rejected bearer token: %s", ex.getMessage()));
			this.entryPoint.commence(request, response, ex);
			return;
		}
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(new WxJwtAuthenticationToken(verified, authorities(verified.authorities())));
		this.securityContextHolderStrategy.setContext(context);
		chain.doFilter(request, response);
	}

	/**
	 * Whether the request is one that never needs a bearer token. Those (login, refresh) are all
	 * POSTs: other methods skip the path matching, which is most of this filter's own cost on an
	 * ordinary GET.
	 */
	private boolean isIgnored(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && this.ignoredRequests.matches(request);
	}

	private VerifiedAccessToken verify(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new WxAuthenticationException(WxAuthErrors.invalidToken("The bearer token is empty"));
		}
		try {
			return this.tokens.verify(token);
		}
		catch (InvalidAccessTokenException ex) {
			throw new WxAuthenticationException(WxAuthErrors
				.invalidToken(Objects.requireNonNullElse(ex.getMessage(), "The access token is invalid")));
		}
		catch (RuntimeException ex) {
			log.error("Could not check the access token against the token store", ex);
			throw new WxAuthenticationException(WxAuthErrors.temporarilyUnavailable(), ex);
		}
	}

	private static List<GrantedAuthority> authorities(List<String> names) {
		return names.isEmpty() ? List.of() : AuthorityUtils.createAuthorityList(names);
	}

}
