package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

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
class WxJavaLoggingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	static final String PROPERTY_SOURCE_NAME = "wxminiWxJavaLoggingDefaults";

	static final Map<String, String> LEVELS = Map.of("cn.binarywang.wx.miniapp.api.impl.BaseWxMaServiceImpl", "ERROR",
			"org.apache.http.wire", "INFO", "org.apache.http.headers", "INFO", "org.apache.http.impl.execchain", "INFO");

	private static final String LOGGING_LEVEL = "logging.level.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		LEVELS.forEach((logger, level) -> {
			if (!setByTheApplication(environment, logger)) {
				defaults.put(LOGGING_LEVEL + logger, level);
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	/** Whether the logger or one of its parent packages (not the root) has a configured level. */
	private static boolean setByTheApplication(ConfigurableEnvironment environment, String logger) {
		String name = logger;
		while (true) {
			if (environment.containsProperty(LOGGING_LEVEL + name)) {
				return true;
			}
			int dot = name.lastIndexOf('.');
			if (dot < 0) {
				return false;
			}
			name = name.substring(0, dot);
		}
	}

	@Override
	public int getOrder() {
		// After the application's configuration files are loaded, which decide what it set.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
