package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Enumeration;
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

import org.springframework.core.log.LogMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry one of the starter's access tokens in
 * {@code Authorization: Bearer <access token>}. The principal and authorities come from the
 * verified token, so no store is read per request (beyond the in-memory revocation check of the
 * token store); the authentication also carries Spring Security's bearer factor.
 * <p>
 * The filter judges only tokens that claim to be the starter's (its issuer or key id, see
 * {@link WxTokenService#claimsToBeOurs(String)}): one of those that fails verification is answered
 * 401 {@code invalid_token} at once; any other {@code Authorization} header, and a request that is
 * already authenticated, is left untouched to the rest of the chain (an OAuth2 resource server,
 * HTTP Basic, the application's own filter). If nothing in the chain accepts a bearer token, the
 * starter's entry point answers 401 {@code invalid_token}.
 *
 * @since 0.1.0
 */
public final class WxBearerTokenAuthenticationFilter extends OncePerRequestFilter {

	private static final Log log = LogFactory.getLog(WxBearerTokenAuthenticationFilter.class);

	private final WxTokenService tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final RequestMatcher ignoredRequests;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the filter.
	 * @param tokens recognises and verifies tokens
	 * @param entryPoint answers a refused token
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

	/**
	 * Sets the clock that dates the bearer factor of each authentication.
	 * @param clock the clock
	 * @since 0.2.0
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = BearerTokens.token(request);
		if (token == null || isIgnored(request) || isAuthenticated() || !this.tokens.claimsToBeOurs(token)) {
			chain.doFilter(request, response);
			return;
		}
		// No WxMiniMetrics here: this runs on every API request, and the server's own
		// http.server.requests metric already counts them by status; a per-request meter update
		// would cost every request for no new information.
		VerifiedAccessToken verified;
		try {
			if (hasSeveralAuthorizationHeaders(request)) {
				// Which one counts would depend on who reads the request: none does.
				throw new WxAuthenticationException(WxAuthErrors.invalidToken("The request has several Authorization headers"));
			}
			verified = verify(token);
		}
		catch (WxAuthenticationException ex) {
			log.debug(LogMessage.format("Rejected bearer token: %s", ex.getMessage()));
			this.entryPoint.commence(request, response, ex);
			return;
		}
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(WxJwtAuthenticationToken.authenticated(verified, this.clock.instant()));
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

	private static boolean hasSeveralAuthorizationHeaders(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers == null || !headers.hasMoreElements()) {
			return false;
		}
		headers.nextElement();
		return headers.hasMoreElements();
	}

	/**
	 * Whether an earlier filter (or a session) already authenticated the request: that
	 * authentication is never replaced nor cleared.
	 */
	private boolean isAuthenticated() {
		Authentication current = this.securityContextHolderStrategy.getContext().getAuthentication();
		return current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken);
	}

	private VerifiedAccessToken verify(String token) {
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

}
