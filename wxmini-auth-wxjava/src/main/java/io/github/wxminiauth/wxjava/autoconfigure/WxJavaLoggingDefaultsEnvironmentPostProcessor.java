package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.Map;

import io.github.wxminiauth.autoconfigure.internal.LoggerLevelDefaultsEnvironmentPostProcessor;

/**
 * Keeps WxJava's loggers that print the shared access token quiet unless the application sets a
 * level for them (or for a package above them) itself. WxJava puts the token in the query string
 * and logs that URL: for every call at DEBUG, and at WARN for every call WeChat answers with an
 * error; Apache HttpClient 4, which it calls through, logs request lines, headers and bytes at
 * DEBUG. With one token for the whole cluster, a log line that carries it is worth avoiding:
 * <ul>
 * <li>{@code cn.binarywang.wx.miniapp.api.impl.BaseWxMaServiceImpl} at ERROR (its ERROR lines
 * carry no token; the failed call still throws its {@code WxErrorException});</li>
 * <li>{@code org.apache.http.wire}, {@code org.apache.http.headers} and
 * {@code org.apache.http.impl.execchain} at INFO.</li>
 * </ul>
 * The defaults are the last property source of the environment, so any level the application
 * configures anywhere wins.
 */
class WxJavaLoggingDefaultsEnvironmentPostProcessor extends LoggerLevelDefaultsEnvironmentPostProcessor {

	/** Name of the property source holding the defaults. */
	static final String PROPERTY_SOURCE_NAME = "wxminiWxJavaLoggingDefaults";

	static final Map<String, String> LEVELS = Map.of("cn.binarywang.wx.miniapp.api.impl.BaseWxMaServiceImpl", "ERROR",
			"org.apache.http.wire", "INFO", "org.apache.http.headers", "INFO", "org.apache.http.impl.execchain", "INFO");

	WxJavaLoggingDefaultsEnvironmentPostProcessor() {
		super(PROPERTY_SOURCE_NAME, LEVELS);
	}

}
