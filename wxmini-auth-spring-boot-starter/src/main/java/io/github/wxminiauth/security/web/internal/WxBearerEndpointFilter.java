package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Base of the endpoints that act for the caller of a starter's access token (logout, phone
 * number, sessions): a request without one is answered by the entry point (401), before the
 * endpoint sees it.
 */
abstract class WxBearerEndpointFilter extends WxEndpointFilter {

	private final AuthenticationEntryPoint entryPoint;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	WxBearerEndpointFilter(RequestMatcher matcher, AuthenticationEntryPoint entryPoint, WxProblemWriter writer) {
		super(matcher, writer);
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		Assert.notNull(strategy, "strategy must not be null");
		this.securityContextHolderStrategy = strategy;
	}

	@Override
	final void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication instanceof WxJwtAuthenticationToken bearer) {
			handle(request, response, bearer);
			return;
		}
		try {
			this.entryPoint.commence(request, response,
					new InsufficientAuthenticationException("Full authentication is required"));
		}
		catch (ServletException ex) {
			throw new IOException(ex);
		}
	}

	/**
	 * Answers the endpoint for the caller.
	 * @param request the request
	 * @param response the response
	 * @param bearer the caller's authentication
	 * @throws io.github.wxminiauth.security.WxAuthenticationException to answer with its error
	 */
	abstract void handle(HttpServletRequest request, HttpServletResponse response, WxJwtAuthenticationToken bearer)
			throws IOException;

}
