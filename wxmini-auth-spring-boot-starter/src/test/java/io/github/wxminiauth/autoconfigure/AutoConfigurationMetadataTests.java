package io.github.wxminiauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration of the starter is described in
 * {@code META-INF/spring-autoconfigure-metadata.properties}, written at build time, so that Boot
 * can leave out one whose classes are absent (Redis without spring-data-redis, say) without
 * reading its bytecode at start-up.
 */
class AutoConfigurationMetadataTests {

	@Test
	void everyAutoConfigurationHasItsConditionsInTheMetadata() throws IOException {
		List<String> autoConfigurations = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getContentAsString(StandardCharsets.UTF_8)
			.lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		Properties metadata = new Properties();
		try (InputStream in = new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties")
			.getInputStream()) {
			metadata.load(in);
		}
		assertThat(autoConfigurations).isNotEmpty().allSatisfy((name) -> assertThat(metadata).containsKey(name));
		assertThat(metadata.getProperty(WxMiniRedisAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.isEqualTo("org.springframework.data.redis.core.StringRedisTemplate");
	}

}
