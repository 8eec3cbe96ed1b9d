package io.github.wxminiauth.sample.api;

import org.jspecify.annotations.Nullable;

/**
 * Phone numbers as an operator may see them.
 */
final class PhoneNumbers {

	private PhoneNumbers() {
	}

	/**
	 * Masks the middle of a number, {@code 13800138000} becoming {@code 138****8000}; numbers too
	 * short to keep seven digits readable keep only their last two.
	 * @param number the number without country code, or {@code null}
	 * @return the masked number, or {@code null}
	 */
	static @Nullable String mask(@Nullable String number) {
		if (number == null) {
			return null;
		}
		if (number.length() >= 11) {
			return number.substring(0, 3) + "****" + number.substring(number.length() - 4);
		}
		int visible = Math.min(2, number.length() / 3);
		return "*".repeat(number.length() - visible) + number.substring(number.length() - visible);
	}

}
