package io.github.wxminiauth.token;

/**
 * A refresh token was unknown, expired, revoked or reused ({@code invalid_grant}).
 *
 * @since 0.1.0
 */
public class InvalidGrantException extends RuntimeException {

	public InvalidGrantException(String message) {
		super(message);
	}

}
