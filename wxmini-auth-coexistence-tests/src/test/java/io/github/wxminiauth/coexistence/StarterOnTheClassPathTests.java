package io.github.wxminiauth.coexistence;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two runs of this module differ in one thing: the starter is on the class path in one and
 * not in the other ({@code coexistence.starter}, set by the build). This holds the build to that,
 * so that "passes without the starter" means what it says.
 */
class StarterOnTheClassPathTests {

	@Test
	void theStarterIsOnTheClassPathExactlyInTheRunThatSaysSo() {
		String expected = System.getProperty("coexistence.starter");
		assertThat(expected).as("coexistence.starter, set by the build").isIn("present", "absent");
		ClassLoader loader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("io.github.wxminiauth.security.config.WxMiniConfigurer", loader))
			.isEqualTo(expected.equals("present"));
		assertThat(ClassUtils.isPresent("io.github.wxminiauth.autoconfigure.WxMiniAutoConfiguration", loader))
			.isEqualTo(expected.equals("present"));
	}

}
