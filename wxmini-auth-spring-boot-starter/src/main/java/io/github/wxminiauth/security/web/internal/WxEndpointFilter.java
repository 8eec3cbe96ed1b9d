package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Base of the filters that answer an endpoint of the starter themselves, so the endpoints need no
 * Spring MVC controller and sit inside the security filter chain.
 */
abstract class WxEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher matcher;

	private final WxProblemWriter writer;

	private final WxRequestReader reader;

	WxEndpointFilter(RequestMatcher matcher, WxProblemWriter writer) {
		Assert.notNull(matcher, "matcher must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.matcher = matcher;
		this.writer = writer;
		this.reader = new WxRequestReader(writer.jsonMapper());
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
	 * Answers 503 {@code temporarily_unavailable} for a failure of a store or service behind the
	 * endpoint, logging it (with the cause, which carries no secret) for operators.
	 */
	void writeUnavailable(HttpServletRequest request, HttpServletResponse response, Log logger, String what,
			RuntimeException failure) throws IOException {
		logger.error(what, failure);
		this.writer.writeProblem(request, response, WxAuthErrors.temporarilyUnavailable());
	}

}
