package io.github.wxminiauth.wechat.internal;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.util.TimeValue;

/**
 * Resends a request once, at once, when a pooled keep-alive connection turns out to have been
 * closed by the other side ("connection reset", no response): the usual fate of an idle
 * connection behind a load balancer, which the request never reached.
 * <p>
 * Only calls that read state are resent: code2Session (a GET; if WeChat did see it, the resend
 * is answered 40163 "code used", which the client handles like any spent code) and the stable
 * token in normal mode, and checksession. The phone-number API is never resent: WeChat bills each
 * success. Nor is resetusersessionkey, although a GET: had WeChat seen the first request, the resend
 * would be signed with a key that no longer exists, and the new key would be lost. Timeouts,
 * refused connections, DNS and TLS failures are never retried, so every call still answers within
 * its time bound, and HTTP statuses are never retried here.
 */
final class StaleConnectionRetryStrategy extends DefaultHttpRequestRetryStrategy {

	private static final String RESET_USER_SESSION_KEY_PATH_PREFIX = "/wxa/resetusersessionkey?";

	StaleConnectionRetryStrategy() {
		super(1, TimeValue.ZERO_MILLISECONDS, List.of(InterruptedIOException.class, UnknownHostException.class,
				ConnectException.class, NoRouteToHostException.class, SSLException.class), List.of());
	}

	@Override
	protected boolean handleAsIdempotent(HttpRequest request) {
		if (isResetUserSessionKey(request)) {
			return false;
		}
		return Method.GET.isSame(request.getMethod()) || isStableToken(request);
	}

	private static boolean isResetUserSessionKey(HttpRequest request) {
		String path = request.getPath();
		return path != null && path.contains(RESET_USER_SESSION_KEY_PATH_PREFIX);
	}

	private static boolean isStableToken(HttpRequest request) {
		String path = request.getPath();
		return path != null && path.endsWith(RestWxApiClient.STABLE_TOKEN_PATH);
	}

}
