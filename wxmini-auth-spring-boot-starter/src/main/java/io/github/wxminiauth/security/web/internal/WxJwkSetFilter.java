package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.token.JwtSigningKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code GET /.well-known/jwks.json} (path configurable) with the public keys access
 * tokens are verified with, as an RFC 7517 JWK Set, so that a gateway or another service can
 * verify them with nothing but this URL. Public: it sits before authentication and needs no
 * token. The keys are fixed at start-up, so the answer is rendered once.
 *
 * @since 0.1.0
 */
public final class WxJwkSetFilter extends OncePerRequestFilter {

	private final RequestMatcher matcher;

	private final byte[] body;

	private final String cacheControl;

	public WxJwkSetFilter(WxJwkSetEndpoint endpoint, JwtSigningKeys keys, JsonMapper jsonMapper) {
		Assert.notNull(endpoint, "endpoint must not be null");
		Assert.notNull(keys, "keys must not be null");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, endpoint.path());
		this.body = jsonMapper.writeValueAsBytes(keys.toJwkSet());
		this.cacheControl = CacheControl.maxAge(endpoint.maxAge()).cachePublic().getHeaderValue();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		// Set before the body is written, so Spring Security's no-cache default steps back.
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setContentLength(this.body.length);
		response.getOutputStream().write(this.body);
	}

}
