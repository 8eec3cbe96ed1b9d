package io.github.wxminiauth.sample;

import java.io.IOException;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default profile must run with nothing installed. spring-data-redis is on the sample's
 * classpath for the {@code redis} profile, so what keeps {@code wxmini.store=auto} on the
 * in-memory stores is that the default profile configures no {@code spring.data.redis.*}.
 */
class DefaultProfileTests {

	@Test
	void defaultProfileConfiguresNoRedisAndNoStore() throws IOException {
		Properties properties = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
		assertThat(properties.stringPropertyNames()).isNotEmpty()
			.noneMatch((name) -> name.startsWith("spring.data.redis."))
			.doesNotContain("wxmini.store");
	}

	@Test
	void defaultProfileKeepsUsersInEmbeddedH2() throws IOException {
		Properties properties = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
		assertThat(properties.getProperty("spring.datasource.url")).startsWith("jdbc:h2:mem:");
	}

}
