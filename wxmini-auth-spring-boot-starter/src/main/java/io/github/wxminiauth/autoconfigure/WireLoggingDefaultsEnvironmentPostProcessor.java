package io.github.wxminiauth.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.autoconfigure.internal.LoggerLevelDefaultsEnvironmentPostProcessor;

/**
 * Keeps the loggers that print raw HTTP traffic at INFO unless the application sets a level for
 * them (or for a package above them) itself, so that {@code logging.level.root=DEBUG} or
 * {@code TRACE} alone prints no secret:
 * <ul>
 * <li>Apache HttpClient 5's request, header and wire logging: WeChat's APIs take the AppSecret
 * and the access token in the query string, and the stable-token call sends the AppSecret in its
 * body;</li>
 * <li>Tomcat's request reader, which prints every request it receives as it arrived: headers
 * (bearer tokens) and the start of the body (refresh tokens, codes).</li>
 * </ul>
 * <p>
 * The defaults are the last property source of the environment, so any level the application
 * configures anywhere wins: setting, say,
 * {@code logging.level.org.apache.hc.client5.http.wire=DEBUG} is the explicit way to see them.
 */
class WireLoggingDefaultsEnvironmentPostProcessor extends LoggerLevelDefaultsEnvironmentPostProcessor {

	/** Name of the property source holding the defaults. */
	static final String PROPERTY_SOURCE_NAME = "wxminiWireLoggingDefaults";

	/**
	 * The loggers that print a request line ({@code impl.classic}, HttpClient's execution chain),
	 * headers or bytes on the wire at DEBUG or TRACE.
	 */
	static final List<String> LOGGERS = List.of("org.apache.hc.client5.http.wire",
			"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.impl.classic",
			"org.apache.coyote.http11.Http11InputBuffer");

	WireLoggingDefaultsEnvironmentPostProcessor() {
		super(PROPERTY_SOURCE_NAME, atInfo(LOGGERS));
	}

	private static Map<String, String> atInfo(List<String> loggers) {
		Map<String, String> levels = new LinkedHashMap<>();
		loggers.forEach((logger) -> levels.put(logger, "INFO"));
		return levels;
	}

}
