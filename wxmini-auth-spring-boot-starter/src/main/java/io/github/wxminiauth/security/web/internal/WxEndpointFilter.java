package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Base of the filters that answer an endpoint of the starter themselves, so the endpoints need no
 * Spring MVC controller and sit inside the security filter chain.
 */
abstract class WxEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher matcher;

	private final AuthenticationEntryPoint entryPoint;

	private final WxProblemWriter writer;

	private final WxRequestReader reader;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	WxEndpointFilter(RequestMatcher matcher, AuthenticationEntryPoint entryPoint, WxProblemWriter writer) {
		Assert.notNull(matcher, "matcher must not be null");
		Assert.notNull(entryPoint, "entryPoint must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.matcher = matcher;
		this.entryPoint = entryPoint;
		this.writer = writer;
		this.reader = new WxRequestReader(writer.jsonMapper());
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		Assert.notNull(strategy, "strategy must not be null");
		this.securityContextHolderStrategy = strategy;
	}

	@Override
	protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		if (!this.matcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			handle(request, response);
		}
		catch (WxAuthenticationException ex) {
			this.writer.writeProblem(request, response, ex.getError());
		}
	}

	/**
	 * Answers the endpoint.
	 * @param request the request
	 * @param response the response
	 * @throws WxAuthenticationException to answer with its error
	 */
	abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

	WxProblemWriter writer() {
		return this.writer;
	}

	WxRequestReader reader() {
		return this.reader;
	}

	/**
	 * Returns the bearer authentication of the request, or answers 401 and returns {@code null}.
	 */
	@Nullable WxJwtAuthenticationToken requireBearer(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication instanceof WxJwtAuthenticationToken bearer) {
			return bearer;
		}
		try {
			this.entryPoint.commence(request, response,
					new InsufficientAuthenticationException("Full authentication is required"));
		}
		catch (ServletException ex) {
			throw new IOException(ex);
		}
		return null;
	}

}
