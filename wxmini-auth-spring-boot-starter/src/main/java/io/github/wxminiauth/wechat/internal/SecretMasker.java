package io.github.wxminiauth.wechat.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Masks the values of one call that must not leave it (AppSecret, access token, user code) in
 * text that WeChat sent back, before the text goes into an exception message.
 */
final class SecretMasker {

	static final String MASK = "******";

	/**
	 * WeChat's errmsg is a short sentence plus a request id; anything longer is not worth
	 * carrying around.
	 */
	static final int MAX_LENGTH = 120;

	private final List<String> secrets;

	SecretMasker(@Nullable String... secrets) {
		this.secrets = new ArrayList<>();
		for (String secret : secrets) {
			if (StringUtils.hasLength(secret)) {
				this.secrets.add(secret);
			}
		}
	}

	/**
	 * Masks the secrets, then removes control characters (no log forging) and truncates.
	 * Masking comes first so that truncation can never leave a secret's prefix behind.
	 * @param text the text, or {@code null}
	 * @return the sanitized text, empty for {@code null}
	 */
	String sanitize(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String masked = text;
		for (String secret : this.secrets) {
			masked = masked.replace(secret, MASK);
		}
		StringBuilder result = new StringBuilder(Math.min(masked.length(), MAX_LENGTH + 3));
		for (int i = 0; i < masked.length() && result.length() < MAX_LENGTH; i++) {
			char ch = masked.charAt(i);
			result.append(Character.isISOControl(ch) ? ' ' : ch);
		}
		if (masked.length() > MAX_LENGTH) {
			result.append("...");
		}
		return result.toString();
	}

	/**
	 * Whether the throwable, its causes or their suppressed exceptions mention a secret anywhere
	 * in their messages.
	 * @param throwable the throwable to inspect
	 * @return {@code true} if a secret appears
	 */
	boolean mentionsSecret(Throwable throwable) {
		for (Throwable current = throwable; current != null; current = current.getCause()) {
			if (containsSecret(current.getMessage()) || containsSecret(current.toString())) {
				return true;
			}
			for (Throwable suppressed : current.getSuppressed()) {
				if (mentionsSecret(suppressed)) {
					return true;
				}
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	private boolean containsSecret(@Nullable String text) {
		if (text == null) {
			return false;
		}
		for (String secret : this.secrets) {
			if (text.contains(secret)) {
				return true;
			}
		}
		return false;
	}

}
