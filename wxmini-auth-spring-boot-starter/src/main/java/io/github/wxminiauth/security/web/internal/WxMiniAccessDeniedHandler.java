package io.github.wxminiauth.security.web.internal;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.util.Assert;

/**
 * Answers 403 {@code access_denied} when an authenticated user is not allowed, e.g. by
 * {@code @PreAuthorize}.
 *
 * @since 0.1.0
 */
public final class WxMiniAccessDeniedHandler implements AccessDeniedHandler {

	private final WxProblemWriter writer;

	/**
	 * Creates the handler.
	 * @param writer writes the error
	 * @since 0.2.0
	 */
	public WxMiniAccessDeniedHandler(WxProblemWriter writer) {
		Assert.notNull(writer, "writer must not be null");
		this.writer = writer;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.writer.writeProblem(request, response, WxAuthErrors.accessDenied());
	}

}
