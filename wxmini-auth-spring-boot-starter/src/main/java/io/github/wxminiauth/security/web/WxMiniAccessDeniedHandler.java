package io.github.wxminiauth.security.web;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers 403 {@code access_denied} when an authenticated user is not allowed, e.g. by
 * {@code @PreAuthorize}.
 *
 * @since 0.1.0
 */
public final class WxMiniAccessDeniedHandler implements AccessDeniedHandler {

	private final WxProblemWriter writer;

	public WxMiniAccessDeniedHandler(JsonMapper jsonMapper) {
		this.writer = new WxProblemWriter(jsonMapper);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.writer.writeProblem(response, WxAuthErrors.accessDenied());
	}

}
