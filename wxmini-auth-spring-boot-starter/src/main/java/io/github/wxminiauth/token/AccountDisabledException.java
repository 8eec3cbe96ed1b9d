package io.github.wxminiauth.token;

/**
 * The user of a refresh token is disabled ({@code account_disabled}): the refresh is refused and
 * no token issued.
 *
 * @since 0.2.0
 */
public class AccountDisabledException extends InvalidGrantException {

	public AccountDisabledException(String message) {
		super(message);
	}

}
