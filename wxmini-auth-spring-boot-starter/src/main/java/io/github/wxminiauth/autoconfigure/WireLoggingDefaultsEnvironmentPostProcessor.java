package io.github.wxminiauth.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

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
class WireLoggingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	static final String PROPERTY_SOURCE_NAME = "wxminiWireLoggingDefaults";

	/**
	 * The loggers that print a request line ({@code impl.classic}, HttpClient's execution chain),
	 * headers or bytes on the wire at DEBUG or TRACE.
	 */
	static final List<String> LOGGERS = List.of("org.apache.hc.client5.http.wire",
			"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.impl.classic",
			"org.apache.coyote.http11.Http11InputBuffer");

	private static final String LOGGING_LEVEL = "logging.level.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (String logger : LOGGERS) {
			if (!setByTheApplication(environment, logger)) {
				defaults.put(LOGGING_LEVEL + logger, "INFO");
			}
		}
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
