package io.github.wxminiauth.wechat.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.log.LogMessage;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Makes one WeChat call: sends the request, reads the reply as text whatever its content type
 * (WeChat labels JSON as {@code text/plain}), parses it with the given mapper and turns an error
 * reply into the {@link io.github.wxminiauth.wechat.WxApiException} subtype for its errcode,
 * sending the call again only after a busy reply ({@link BusyRetryPolicy}). Messages and log lines
 * never contain a secret of the call nor the request URL.
 */
final class WxApiCaller {

	private static final Log logger = LogFactory.getLog(WxApiCaller.class);

	private final JsonMapper jsonMapper;

	private final Duration readTimeout;

	private final BusyRetryPolicy busyRetry;

	private final BoundedReplyReader replyReader;

	WxApiCaller(JsonMapper jsonMapper, Duration readTimeout, BusyRetryPolicy busyRetry,
			BoundedReplyReader replyReader) {
		this.jsonMapper = jsonMapper;
		this.readTimeout = readTimeout;
		this.busyRetry = busyRetry;
		this.replyReader = replyReader;
	}

	/**
	 * Calls WeChat and returns the reply of a successful call.
	 * @param api the API name, for messages and log lines
	 * @param app the mini program, for log lines
	 * @param masker the secrets of this call, masked in WeChat's errmsg
	 * @param request creates a fresh request for each attempt
	 * @return the reply, a JSON object without errcode or with errcode 0
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses or cannot be reached
	 */
	JsonNode call(String api, WxApp app, SecretMasker masker, Supplier<RestClient.RequestHeadersSpec<?>> request) {
		BusyRetryPolicy.Attempts attempts = this.busyRetry.start();
		while (true) {
			JsonNode reply = exchange(api, app, masker, request.get(), attempts);
			Integer errcode = errcode(api, reply);
			if (WxErrcodes.isSuccess(errcode)) {
				logger.debug(LogMessage.format("%s for app %s succeeded in %d ms", api, app.appId(),
						attempts.elapsedMillis()));
				return reply;
			}
			logger.debug(LogMessage.format("%s for app %s answered errcode %d after %d ms", api, app.appId(), errcode,
					attempts.elapsedMillis()));
			if (errcode != WxErrcodes.BUSY || !attempts.retryAfterBusy(api)) {
				throw WxErrcodes.toException(api, errcode, masker.sanitize(reply.path("errmsg").asString("")));
			}
		}
	}

	private JsonNode exchange(String api, WxApp app, SecretMasker masker, RestClient.RequestHeadersSpec<?> request,
			BusyRetryPolicy.Attempts attempts) {
		Reply reply = send(api, app, masker, request, attempts);
		if (!reply.isSuccessful()) {
			throw unavailable(api, app, attempts, api + " answered HTTP status " + reply.status());
		}
		if (reply.body().isBlank()) {
			throw unavailable(api, app, attempts, api + " answered an empty body");
		}
		try {
			JsonNode json = this.jsonMapper.readTree(reply.body());
			if (json == null || !json.isObject()) {
				throw unavailable(api, app, attempts, api + " answered JSON that is not an object");
			}
			return json;
		}
		catch (JacksonException ex) {
			// No cause: Jackson's message quotes the reply, which may hold a session key or token.
			throw unavailable(api, app, attempts, api + " answered malformed JSON");
		}
	}

	private Reply send(String api, WxApp app, SecretMasker masker, RestClient.RequestHeadersSpec<?> request,
			BusyRetryPolicy.Attempts attempts) {
		try {
			long deadline = System.nanoTime() + this.readTimeout.toNanos();
			return request.exchange((clientRequest, response) -> new Reply(response.getStatusCode().value(),
					readBody(api, app, attempts, response.getBody(), deadline)));
		}
		catch (RestClientException ex) {
			// Spring's exception names the full URL, AppSecret included: keep only the I/O error.
			IOException ioException = (ex.getCause() instanceof IOException io) ? io : null;
			String reason = (ioException != null) ? TlsFailureDiagnosis.describe(ioException) : "request failed";
			String message = api + " could not be reached: " + reason;
			logger.debug(LogMessage.format("%s for app %s could not be reached after %d ms: %s", api, app.appId(),
					attempts.elapsedMillis(), reason));
			Throwable cause = (ioException != null && !masker.mentionsSecret(ioException)) ? ioException : null;
			throw new WxUnavailableException(api, null, message, cause);
		}
	}

	private String readBody(String api, WxApp app, BusyRetryPolicy.Attempts attempts, InputStream body,
			long deadline) throws IOException {
		try {
			return this.replyReader.read(body, deadline);
		}
		catch (BoundedReplyReader.LimitExceededException ex) {
			throw unavailable(api, app, attempts, api + " " + ex.getMessage());
		}
	}

	private static WxUnavailableException unavailable(String api, WxApp app, BusyRetryPolicy.Attempts attempts,
			String message) {
		logger.debug(LogMessage.format("%s for app %s failed after %d ms: %s", api, app.appId(),
				attempts.elapsedMillis(), message));
		return new WxUnavailableException(api, null, message);
	}

	private static @Nullable Integer errcode(String api, JsonNode reply) {
		JsonNode errcode = reply.path("errcode");
		if (errcode.isMissingNode() || errcode.isNull()) {
			return null;
		}
		if (errcode.isIntegralNumber() && errcode.canConvertToInt()) {
			return errcode.intValue();
		}
		throw new WxUnavailableException(api, null, api + " answered an errcode that is not a number");
	}

	private record Reply(int status, String body) {

		boolean isSuccessful() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
