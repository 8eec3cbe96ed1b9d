package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request to one of the starter's endpoints with a method it does not take (e.g.
 * {@code GET /wx/login}) with 405 {@code method_not_allowed} and {@code Allow}, before any
 * authentication, so the answer is the same with or without a token. {@code OPTIONS} passes on,
 * for CORS and the server's own answer.
 *
 * @since 0.2.0
 */
public final class WxEndpointMethodFilter extends OncePerRequestFilter {

	private final Map<RequestMatcher, Set<String>> endpoints;

	private final WxProblemWriter writer;

	/**
	 * Creates the filter.
	 * @param endpoints each endpoint's requests (any method) and the methods it takes
	 * @param writer writes the error
	 */
	public WxEndpointMethodFilter(Map<RequestMatcher, Set<String>> endpoints, WxProblemWriter writer) {
		Assert.notEmpty(endpoints, "endpoints must not be empty");
		Assert.notNull(writer, "writer must not be null");
		this.endpoints = new LinkedHashMap<>(endpoints);
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		if (!"OPTIONS".equals(method)) {
			for (Map.Entry<RequestMatcher, Set<String>> endpoint : this.endpoints.entrySet()) {
				Set<String> allowed = endpoint.getValue();
				if (!allowed.contains(method) && endpoint.getKey().matches(request)) {
					response.setHeader(HttpHeaders.ALLOW, StringUtils.collectionToCommaDelimitedString(allowed));
					this.writer.writeProblem(request, response, WxAuthErrors.methodNotAllowed(method));
					return;
				}
			}
		}
		chain.doFilter(request, response);
	}

}
