package io.github.wxminiauth.security.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.github.wxminiauth.security.WxAuthErrors;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.Assert;

/**
 * Answers a request Spring Security's firewall rejects ({@code //}, {@code ;} or an encoded
 * {@code /} in the path …) with 400 {@code invalid_request} in the contract's shape, when the
 * request is the starter's to answer: always in an application whose security is the starter's
 * alone (every chain has the starter's bearer filter and no other kind of authentication), and
 * otherwise only for requests that carry a bearer token. Every other rejection is answered as
 * Spring Security answers it by default, so an application's own pages keep their error handling.
 *
 * @since 0.2.0
 */
public final class WxRequestRejectedHandler implements RequestRejectedHandler {

	private static final Log logger = LogFactory.getLog(WxRequestRejectedHandler.class);

	/**
	 * Filters of Spring Security that authenticate requests in ways of their own.
	 */
	private static final List<String> OTHER_AUTHENTICATION_FILTERS = List.of(
			"org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter",
			"org.springframework.security.web.authentication.www.BasicAuthenticationFilter",
			"org.springframework.security.web.authentication.www.DigestAuthenticationFilter",
			"org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter",
			"org.springframework.security.web.authentication.ott.OneTimeTokenAuthenticationFilter",
			"org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter",
			"org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter",
			"org.springframework.security.saml2.provider.service.web.authentication.Saml2WebSsoAuthenticationFilter");

	private final WxProblemWriter writer;

	private final BooleanSupplier answersEveryRejection;

	private final RequestRejectedHandler fallback;

	/**
	 * Creates the handler.
	 * @param writer writes the error
	 * @param answersEveryRejection whether every rejection is the starter's to answer, e.g.
	 * {@link #isStarterOnly(List)} of the application's chains
	 * @param fallback answers the other rejections, e.g. {@link HttpStatusRequestRejectedHandler}
	 */
	public WxRequestRejectedHandler(WxProblemWriter writer, BooleanSupplier answersEveryRejection,
			RequestRejectedHandler fallback) {
		Assert.notNull(writer, "writer must not be null");
		Assert.notNull(answersEveryRejection, "answersEveryRejection must not be null");
		Assert.notNull(fallback, "fallback must not be null");
		this.writer = writer;
		this.answersEveryRejection = answersEveryRejection;
		this.fallback = fallback;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException, ServletException {
		if (!BearerTokens.hasBearerToken(request) && !this.answersEveryRejection.getAsBoolean()) {
			this.fallback.handle(request, response, requestRejectedException);
			return;
		}
		logger.debug(LogMessage.format("Rejected request: %s", requestRejectedException.getMessage()));
		this.writer.writeProblem(request, response, WxAuthErrors
			.invalidRequest("The request was rejected: its path is not normalized or contains a forbidden character"));
	}

	/**
	 * Whether an application's security is the starter's alone: every chain authenticates with the
	 * starter's bearer filter and with nothing else.
	 * @param chains the application's chains
	 * @return whether the starter answers every rejection
	 */
	public static boolean isStarterOnly(List<SecurityFilterChain> chains) {
		if (chains.isEmpty()) {
			return false;
		}
		for (SecurityFilterChain chain : chains) {
			boolean ours = false;
			for (Object filter : chain.getFilters()) {
				if (filter instanceof WxBearerTokenAuthenticationFilter) {
					ours = true;
				}
				else if (isOtherAuthentication(filter.getClass())) {
					return false;
				}
			}
			if (!ours) {
				return false;
			}
		}
		return true;
	}

	private static boolean isOtherAuthentication(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (OTHER_AUTHENTICATION_FILTERS.contains(candidate.getName())) {
				return true;
			}
		}
		return false;
	}

}
