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
 * @param demoAccount The account of the application's own that the sample creates on start, as
 * if its member had registered on the web before using the mini program.
 */
@ConfigurationProperties("sample")
public record SampleProperties(List<String> adminOpenids, @DefaultValue Simulator simulator,
		@DefaultValue DemoAccount demoAccount) {

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

	/**
	 * The account of the application's own that the sample creates on start (unless one with its
	 * number exists): a one-tap phone login with this number links the mini-program user to it.
	 *
	 * @param phoneNumber Phone number (mainland China, without country code) of the demo account;
	 * empty for none.
	 * @param displayName Name of the demo account's member.
	 */
	public record DemoAccount(@Nullable String phoneNumber, @DefaultValue("Demo web member") String displayName) {
	}

}
