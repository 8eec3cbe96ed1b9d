package io.github.wxminiauth.sample.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.wxminiauth.test.wechat.WeChatReply;
import io.github.wxminiauth.test.wechat.WeChatRequest;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves WeChat's API under {@code /simulator} (code2Session, the stable access token,
 * getuserphonenumber) from the shared {@link WeChatSimulator}.
 * <p>
 * A servlet filter ahead of Spring Security and Spring MVC rather than a controller, for two
 * reasons. It stands in for WeChat's servers, which sit outside the application and have no user
 * to authenticate. And those requests carry the AppSecret in their query string and session keys
 * and access tokens in their replies, which Spring Security's and Spring MVC's DEBUG logging
 * would print (the request line with its query, the bodies written): answered here, they reach
 * neither. The mint endpoints under {@code /simulator/codes} carry no secret and are left to
 * {@link WeChatSimulatorController}.
 */
final class WeChatSimulatorFilter extends OncePerRequestFilter {

	static final String PREFIX = "/simulator";

	private static final String MINT_PREFIX = PREFIX + "/codes/";

	private static final int MAX_BODY_BYTES = 64 * 1024;

	private final WeChatSimulator simulator;

	WeChatSimulatorFilter(WeChatSimulator simulator) {
		Assert.notNull(simulator, "simulator must not be null");
		this.simulator = simulator;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return !path.startsWith(PREFIX + "/") || path.startsWith(MINT_PREFIX);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES);
		WeChatReply reply = this.simulator.handle(WeChatRequest.of(request.getMethod(),
				path(request).substring(PREFIX.length()), request.getQueryString(),
				new String(body, StandardCharsets.UTF_8)));
		if (reply.isDisconnect()) {
			// A servlet cannot drop its connection: the nearest is an empty reply that closes it
			response.setHeader(HttpHeaders.CONNECTION, "close");
			response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
			return;
		}
		byte[] bytes = reply.bodyBytes();
		response.setStatus(reply.status());
		response.setContentType(reply.contentType() + ";charset=UTF-8");
		response.setContentLength(bytes.length);
		StreamUtils.copy(bytes, response.getOutputStream());
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
