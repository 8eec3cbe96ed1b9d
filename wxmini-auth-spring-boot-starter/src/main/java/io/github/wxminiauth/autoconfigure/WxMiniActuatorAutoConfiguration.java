package io.github.wxminiauth.autoconfigure;

import java.util.Locale;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.actuate.WxMiniAccessTokenHealthIndicator;
import io.github.wxminiauth.wechat.WxAppRegistry;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the starter's Actuator parts, each only when its Actuator module is
 * present: the {@code wxminiAccessToken} health indicator (off with
 * {@code management.health.wxmini.enabled=false}), and a {@link SanitizingFunction} that masks the
 * starter's secrets ({@code wxmini.app-secret}, {@code wxmini.apps.*.app-secret},
 * {@code wxmini.jwt.secret} and any other {@code wxmini.*} secret, password or private key) in the
 * {@code env} and {@code configprops} endpoints even when they are set to show values.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WxMiniAutoConfiguration.class)
public final class WxMiniActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("wxmini")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "wxminiAccessTokenHealthIndicator")
		WxMiniAccessTokenHealthIndicator wxminiAccessTokenHealthIndicator(WxAppRegistry apps,
				AccessTokenProvider accessTokenProvider) {
			return new WxMiniAccessTokenHealthIndicator(apps, accessTokenProvider);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		SanitizingFunction wxMiniSanitizingFunction() {
			return SanitizingFunction.sanitizeValue()
				.ifMatches((data) -> isSecret(data));
		}

		/**
		 * Whether a key names one of the starter's secrets, in any of its spellings
		 * ({@code wxmini.jwt.secret}, {@code WXMINI_JWT_SECRET}, {@code wxmini.apps.shop.appSecret}).
		 */
		static boolean isSecret(SanitizableData data) {
			String key = data.getKey();
			if (key == null) {
				return false;
			}
			StringBuilder normalized = new StringBuilder(key.length());
			for (int i = 0; i < key.length(); i++) {
				char c = key.charAt(i);
				if (Character.isLetterOrDigit(c)) {
					normalized.append(Character.toLowerCase(c));
				}
			}
			String name = normalized.toString();
			return name.startsWith("wxmini") && (name.contains("secret") || name.contains("password")
					|| name.contains("privatekey") || name.endsWith("pem") || name.contains("credential"));
		}

	}

}
