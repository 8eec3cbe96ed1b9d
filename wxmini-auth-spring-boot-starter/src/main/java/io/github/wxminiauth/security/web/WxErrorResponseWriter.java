package io.github.wxminiauth.security.web;

import java.io.IOException;

import io.github.wxminiauth.security.WxAuthError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the body of every error the starter answers: failed logins, bad tokens, rate limits,
 * 401 and 403 of the mini-program API. The default writes RFC 9457 problems
 * ({@code application/problem+json}, contract §3). An application whose clients expect another
 * shape, such as {@code {"code": …, "msg": …, "data": null}}, declares one bean of this type (or
 * passes one to {@code WxMiniConfigurer.errorResponseWriter(…)}):
 *
 * <pre class="code">
 * &#64;Bean
 * WxErrorResponseWriter codeMsgErrors(JsonMapper jsonMapper) {
 *     return (request, response, error) -&gt; {
 *         response.setContentType("application/json;charset=UTF-8");
 *         jsonMapper.writeValue(response.getOutputStream(),
 *                 Map.of("code", error.code(), "msg", error.detail(), "data", Map.of()));
 *     };
 * }
 * </pre>
 *
 * When it is called, the status, {@code WWW-Authenticate}, {@code Retry-After} and
 * {@code Cache-Control: no-store} headers are already set, and stay: only the body and its content
 * type are the writer's. {@link WxAuthError#detail()} never contains a secret.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface WxErrorResponseWriter {

	/**
	 * Writes the body of an error answer.
	 * @param request the request
	 * @param response the response, status and headers already set
	 * @param error the error
	 * @throws IOException if the body cannot be written
	 */
	void write(HttpServletRequest request, HttpServletResponse response, WxAuthError error) throws IOException;

	/**
	 * The default writer: RFC 9457 problems with the members {@code type}, {@code title},
	 * {@code status}, {@code detail}, {@code error} and, when WeChat produced the error,
	 * {@code wx_errcode}.
	 * @param jsonMapper writes the JSON
	 * @return the writer
	 */
	static WxErrorResponseWriter problemDetails(JsonMapper jsonMapper) {
		return new ProblemDetailsErrorResponseWriter(jsonMapper);
	}

}
