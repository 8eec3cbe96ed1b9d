package io.github.wxminiauth.autoconfigure.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.Assert;

/**
 * Gives loggers that would print a secret a quieter default level, unless the application sets a
 * level for them (or for a package above them, not the root) itself, so that
 * {@code logging.level.root=DEBUG} or {@code TRACE} alone prints no secret. The starter uses it
 * for the HTTP wire loggers; a module that brings its own HTTP client supplies its own loggers.
 * <p>
 * The defaults are the last property source of the environment, so any level the application
 * configures anywhere wins: setting the logger's level is the explicit way to see its output.
 * Subclasses are registered in {@code META-INF/spring.factories} and need a public no-argument
 * constructor or a package-private one.
 */
public abstract class LoggerLevelDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String LOGGING_LEVEL = "logging.level.";

	private final String propertySourceName;

	private final Map<String, String> levels;

	/**
	 * Creates a post-processor for the given defaults.
	 * @param propertySourceName the name of the property source holding the defaults
	 * @param levels the default level of each logger, by logger name
	 */
	protected LoggerLevelDefaultsEnvironmentPostProcessor(String propertySourceName, Map<String, String> levels) {
		Assert.hasText(propertySourceName, "propertySourceName must not be empty");
		Assert.notEmpty(levels, "levels must not be empty");
		this.propertySourceName = propertySourceName;
		this.levels = new LinkedHashMap<>(levels);
	}

	@Override
	public final void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		this.levels.forEach((logger, level) -> {
			if (!setByTheApplication(environment, logger)) {
				defaults.put(LOGGING_LEVEL + logger, level);
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(this.propertySourceName, defaults));
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
	public final int getOrder() {
		// After the application's configuration files are loaded, which decide what it set.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
