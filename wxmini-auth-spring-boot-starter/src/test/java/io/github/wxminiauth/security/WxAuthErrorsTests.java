package io.github.wxminiauth.security;

import java.time.Duration;
import java.util.stream.Stream;

import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxInvalidSignatureException;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxRateLimitedException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import io.github.wxminiauth.wechat.WxUserBlockedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract's table of errors (§3), one factory at a time.
 */
class WxAuthErrorsTests {

	@Test
	void clientErrorsCarryTheirStatusCodeAndDetailAndNoWeChatParts() {
		assertError(WxAuthErrors.invalidRequest("'code' is required"), HttpStatus.BAD_REQUEST, "invalid_request");
		assertThat(WxAuthErrors.invalidRequest("'code' is required").detail()).isEqualTo("'code' is required");
		assertError(WxAuthErrors.unauthorized(), HttpStatus.UNAUTHORIZED, "unauthorized");
		assertError(WxAuthErrors.invalidToken("expired"), HttpStatus.UNAUTHORIZED, "invalid_token");
		assertError(WxAuthErrors.invalidGrant("spent"), HttpStatus.UNAUTHORIZED, "invalid_grant");
		assertError(WxAuthErrors.accessDenied(), HttpStatus.FORBIDDEN, "access_denied");
		assertError(WxAuthErrors.accountDisabled(), HttpStatus.FORBIDDEN, "account_disabled");
		assertError(WxAuthErrors.notFound("No such session"), HttpStatus.NOT_FOUND, "not_found");
		assertError(WxAuthErrors.methodNotAllowed("GET"), HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed");
		assertThat(WxAuthErrors.methodNotAllowed("PATCH").detail()).contains("PATCH");
	}

	@Test
	void waitingErrorsTellWhenToTryAgain() {
		WxAuthError limited = WxAuthErrors.rateLimited(Duration.ofSeconds(17), null);
		assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.code()).isEqualTo("rate_limited");
		assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(17));
		assertThat(limited.wxErrcode()).isNull();
		assertThat(WxAuthErrors.rateLimited(Duration.ofSeconds(60), 45011).wxErrcode()).isEqualTo(45011);

		WxAuthError unavailable = WxAuthErrors.temporarilyUnavailable();
		assertThat(unavailable.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(unavailable.code()).isEqualTo("temporarily_unavailable");
		assertThat(unavailable.retryAfter()).isPositive();
	}

	static Stream<Arguments> weChatFailures() {
		return Stream.of(
				Arguments.of(failure(WxInvalidCodeException::new, 40029), HttpStatus.UNAUTHORIZED, "invalid_code", false),
				Arguments.of(failure(WxInvalidCodeException::new, 40163), HttpStatus.UNAUTHORIZED, "invalid_code", false),
				Arguments.of(failure(WxUserBlockedException::new, 40226), HttpStatus.FORBIDDEN, "user_blocked", false),
				Arguments.of(failure(WxRateLimitedException::new, 45011), HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
						true),
				Arguments.of(failure(WxMisconfiguredException::new, 40013), HttpStatus.INTERNAL_SERVER_ERROR,
						"server_misconfigured", false),
				Arguments.of(failure(WxMisconfiguredException::new, 40164), HttpStatus.INTERNAL_SERVER_ERROR,
						"server_misconfigured", false),
				Arguments.of(failure(WxUnavailableException::new, -1), HttpStatus.SERVICE_UNAVAILABLE,
						"wechat_unavailable", true),
				Arguments.of(failure(WxInvalidAccessTokenException::new, 40001), HttpStatus.SERVICE_UNAVAILABLE,
						"wechat_unavailable", true),
				Arguments.of(failure(WxInvalidSignatureException::new, 87009), HttpStatus.SERVICE_UNAVAILABLE,
						"wechat_unavailable", true));
	}

	@ParameterizedTest
	@MethodSource("weChatFailures")
	void weChatFailuresMapToTheContractsErrorsAndKeepWeChatsErrcode(WxApiException failure, HttpStatus status,
			String code, boolean retryAfter) {
		WxAuthError error = WxAuthErrors.fromWeChat(failure);
		assertError(error, status, code);
		assertThat(error.wxErrcode()).isEqualTo(failure.getErrcode());
		assertThat(error.retryAfter() != null).as("Retry-After").isEqualTo(retryAfter);
		assertThat(error.detail()).as("the detail is ours, not WeChat's message").doesNotContain("errmsg");
	}

	@Test
	void aFailureWithoutAnErrcodeHasNone() {
		WxAuthError error = WxAuthErrors.fromWeChat(new WxUnavailableException("jscode2session", null, "timed out"));
		assertThat(error.code()).isEqualTo("wechat_unavailable");
		assertThat(error.wxErrcode()).isNull();
	}

	@Test
	void anErrorNeedsACodeAndADetail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WxAuthError(HttpStatus.BAD_REQUEST, " ", "detail", null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WxAuthError(HttpStatus.BAD_REQUEST, "invalid_request", "", null, null));
	}

	private static void assertError(WxAuthError error, HttpStatus status, String code) {
		assertThat(error.status()).isEqualTo(status);
		assertThat(error.code()).isEqualTo(code);
		assertThat(error.detail()).isNotBlank();
	}

	private static WxApiException failure(Failure failure, int errcode) {
		return failure.create("jscode2session", errcode, "errmsg from WeChat");
	}

	@FunctionalInterface
	private interface Failure {

		WxApiException create(String api, @Nullable Integer errcode, String message);

	}

}
