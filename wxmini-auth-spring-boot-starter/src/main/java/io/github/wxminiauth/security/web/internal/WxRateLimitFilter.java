package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitKey;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitedEndpoint;
import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimitDecision;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.user.WxPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies rate limits to one {@code POST} endpoint before its filter runs: per client IP address
 * and, once the bearer token has been verified, per user. A request over a limit is answered
 * 429 {@code rate_limited} with {@code Retry-After} and goes no further, so it never reaches
 * WeChat or a store. An endpoint with a per-user limit (phone binding) counts only authenticated
 * requests, per user and per address: an anonymous one is answered 401 without reaching WeChat,
 * so it costs nothing and must not use up the allowance of the users behind the same address.
 * <p>
 * The client address is {@link HttpServletRequest#getRemoteAddr()}: behind a proxy, let the
 * server rewrite it from forwarded headers it trusts ({@code server.forward-headers-strategy});
 * this filter never reads {@code X-Forwarded-For} itself. IPv6 clients are counted per /64
 * network, the block one subscriber usually gets, so that rotating addresses within it does not
 * escape the limit.
 *
 * @since 0.1.0
 */
public final class WxRateLimitFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(WxRateLimitFilter.class);

	private final RequestMatcher matcher;

	private final RateLimiter limiter;

	private final @Nullable RateLimit perIp;

	private final @Nullable RateLimit perUser;

	private final WxProblemWriter writer;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private WxMiniMetrics metrics = WxMiniMetrics.NOOP;

	private final RateLimitedEndpoint endpoint;

	/**
	 * Creates the filter.
	 * @param endpoint the endpoint, for logs and metrics
	 * @param requests the requests to the endpoint
	 * @param limiter counts the requests
	 * @param perIp the limit per client IP address, or {@code null} for none
	 * @param perUser the limit per authenticated user (app and openid), or {@code null} for none;
	 * needs the filter to run after bearer-token authentication
	 * @param writer writes the error
	 */
	public WxRateLimitFilter(RateLimitedEndpoint endpoint, RequestMatcher requests, RateLimiter limiter,
			@Nullable RateLimit perIp, @Nullable RateLimit perUser, WxProblemWriter writer) {
		Assert.notNull(endpoint, "endpoint must not be null");
		Assert.notNull(requests, "requests must not be null");
		Assert.notNull(limiter, "limiter must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.endpoint = endpoint;
		this.matcher = requests;
		this.limiter = limiter;
		this.perIp = perIp;
		this.perUser = perUser;
		this.writer = writer;
	}

	/**
	 * Counts rejections in {@code wxmini.rate-limit.rejections}.
	 * @param metrics the recorder
	 */
	public void setMetrics(WxMiniMetrics metrics) {
		Assert.notNull(metrics, "metrics must not be null");
		this.metrics = metrics;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		Assert.notNull(strategy, "strategy must not be null");
		this.securityContextHolderStrategy = strategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.matcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		// The user's own limit first: it is the tighter one, and a user over it should not use up
		// the allowance of everyone behind the same address.
		String user = user();
		if (this.perUser != null && user == null) {
			// A per-user endpoint answers an anonymous request 401 without calling WeChat: counting
			// it against the address would let anyone lock out every user behind a NAT.
			chain.doFilter(request, response);
			return;
		}
		if (this.perUser != null && rejected(this.perUser, user, request, response)) {
			return;
		}
		if (this.perIp != null && rejected(this.perIp, clientAddress(request.getRemoteAddr()), request, response)) {
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean rejected(RateLimit limit, String client, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		RateLimitDecision decision = this.limiter.tryConsume(limit, client);
		if (decision.allowed()) {
			return false;
		}
		Duration retryAfter = decision.retryAfter();
		logger.debug(LogMessage.format("Rejected a request to the %s endpoint over the rate limit %s (retry after %ss)",
				this.endpoint,
				limit.name(), retryAfter.toSeconds()));
		this.metrics.rateLimited(this.endpoint, (limit == this.perUser) ? RateLimitKey.USER : RateLimitKey.IP);
		this.writer.writeProblem(request, response, WxAuthErrors.rateLimited(retryAfter, null));
		return true;
	}

	private @Nullable String user() {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication instanceof WxJwtAuthenticationToken bearer) {
			WxPrincipal principal = bearer.getPrincipal();
			return principal.appId() + ":" + principal.openid();
		}
		return null;
	}

	/**
	 * The address a client is counted by: IPv4 as it is, IPv6 by its /64 network.
	 */
	static String clientAddress(@Nullable String remoteAddr) {
		if (remoteAddr == null || remoteAddr.isEmpty()) {
			return "unknown";
		}
		if (remoteAddr.indexOf(':') < 0 || !isIpv6Literal(remoteAddr)) {
			return remoteAddr;
		}
		try {
			// A literal: parsed without any name lookup.
			byte[] address = InetAddress.getByName(remoteAddr).getAddress();
			if (address.length != 16) {
				return remoteAddr;
			}
			StringBuilder network = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				network.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
			}
			return network.append(":/64").toString();
		}
		catch (UnknownHostException ex) {
			return remoteAddr;
		}
	}

	private static boolean isIpv6Literal(String address) {
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '[' || c == ']')) {
				return false;
			}
		}
		return true;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// One instance per endpoint: each must run once, not once for all of them.
		return WxRateLimitFilter.class.getName() + ":" + this.endpoint + ".FILTERED";
	}

	@Override
	public String toString() {
		return "WxRateLimitFilter[endpoint=" + this.endpoint + ", perIp=" + this.perIp + ", perUser=" + this.perUser + "]";
	}

}
