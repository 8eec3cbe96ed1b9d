package io.github.wxminiauth.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Settings of the sample application.
 *
 * @param adminOpenids Openids that are granted ROLE_ADMIN.
 * @param simulator Built-in WeChat simulator settings.
 */
@ConfigurationProperties("sample")
public record SampleProperties(List<String> adminOpenids, @DefaultValue Simulator simulator) {

	public SampleProperties {
		// "sample.admin-openids=" (empty) binds to a list holding one empty string
		adminOpenids = (adminOpenids != null) ? adminOpenids.stream().filter(StringUtils::hasText).toList() : List.of();
	}

	/**
	 * Built-in WeChat simulator settings.
	 *
	 * @param enabled Whether the application serves a WeChat simulator under "/simulator" and
	 * points "wxmini.api-base-url" at it. By default on only while "wxmini.app-id" is the
	 * simulator's own; "true" with any other mini program fails start-up.
	 */
	public record Simulator(@Nullable Boolean enabled) {
	}

}
