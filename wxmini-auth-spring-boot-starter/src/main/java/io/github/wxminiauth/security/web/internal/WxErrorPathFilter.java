package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request made straight to the server's error page ({@code GET /error}) with 404
 * {@code not_found} in the contract's shape, where the error controller would render an error
 * that never happened ({@code {"status": 999}}). The error dispatches of real errors are not
 * filtered and reach the error page as usual. Used only in chains whose security is the
 * starter's alone.
 *
 * @since 0.2.0
 */
public final class WxErrorPathFilter extends OncePerRequestFilter {

	private final RequestMatcher errorPath;

	private final WxProblemWriter writer;

	/**
	 * Creates the filter.
	 * @param errorPath requests to the error page
	 * @param writer writes the error
	 */
	public WxErrorPathFilter(RequestMatcher errorPath, WxProblemWriter writer) {
		Assert.notNull(errorPath, "errorPath must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.errorPath = errorPath;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.errorPath.matches(request)) {
			this.writer.writeProblem(request, response, WxAuthErrors.notFound("No such endpoint"));
			return;
		}
		chain.doFilter(request, response);
	}

}
