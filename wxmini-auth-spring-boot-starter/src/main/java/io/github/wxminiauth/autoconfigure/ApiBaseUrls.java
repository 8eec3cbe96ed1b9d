package io.github.wxminiauth.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks {@code wxmini.api-base-url} at start-up: the AppSecret and WeChat access tokens are sent
 * to it, so it must be https unless it is a loopback address (tests, a local simulator) or plain
 * http was allowed explicitly with {@code wxmini.http.allow-insecure-api-base-url}.
 */
final class ApiBaseUrls {

	static final String PROPERTY = "wxmini.api-base-url";

	static final String ALLOW_INSECURE_PROPERTY = "wxmini.http.allow-insecure-api-base-url";

	private ApiBaseUrls() {
	}

	static String check(String apiBaseUrl, boolean allowInsecure) {
		URI uri;
		try {
			uri = new URI(apiBaseUrl);
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, apiBaseUrl,
					PROPERTY + " is not a valid URL.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, apiBaseUrl,
					PROPERTY + " must be an absolute https URL, e.g. https://api.weixin.qq.com.");
		}
		if (uri.getUserInfo() != null) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, "******",
					PROPERTY + " must not carry credentials.");
		}
		if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, apiBaseUrl, PROPERTY
					+ " uses plain http for a host that is not a loopback address: the AppSecret and WeChat "
					+ "access tokens would cross the network unencrypted. Use https, or set "
					+ ALLOW_INSECURE_PROPERTY + "=true if a trusted network path (e.g. a sidecar proxy) makes "
					+ "this safe.");
		}
		return apiBaseUrl;
	}

	/**
	 * Whether the host is {@code localhost} or a literal loopback address. Names other than
	 * {@code localhost} are not resolved: what a name resolves to at start-up proves nothing
	 * about where requests go later.
	 */
	static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost")) {
			return true;
		}
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
			return name.equals("::1") || name.equals("0:0:0:0:0:0:0:1");
		}
		String[] octets = name.split("\\.", -1);
		if (octets.length != 4 || !octets[0].equals("127")) {
			return false;
		}
		for (String octet : octets) {
			if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
					|| Integer.parseInt(octet) > 255) {
				return false;
			}
		}
		return true;
	}

}
