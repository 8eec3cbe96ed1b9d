package io.github.wxminiauth.security.web;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Where the JWK Set endpoint answers ({@code GET}) and how long clients may cache its answer. The
 * endpoint exists only when access tokens are signed with asymmetric keys.
 *
 * @param path the path of the endpoint
 * @param maxAge the {@code Cache-Control: max-age} of its answer
 * @since 0.1.0
 */
public record WxJwkSetEndpoint(String path, Duration maxAge) {

	public WxJwkSetEndpoint {
		Assert.isTrue(path != null && path.startsWith("/"), "path must start with '/'");
		Assert.isTrue(maxAge != null && !maxAge.isNegative(), "maxAge must not be negative");
	}

	/**
	 * The default: {@code /.well-known/jwks.json}, cacheable for five minutes.
	 * @return the default endpoint
	 */
	public static WxJwkSetEndpoint defaults() {
		return new WxJwkSetEndpoint("/.well-known/jwks.json", Duration.ofMinutes(5));
	}

}
