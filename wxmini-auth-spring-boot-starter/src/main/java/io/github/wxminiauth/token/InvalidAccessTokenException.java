package io.github.wxminiauth.token;

/**
 * An access token was malformed, badly signed, expired, of an unknown app or of a revoked session
 * ({@code invalid_token}).
 *
 * @since 0.1.0
 */
public class InvalidAccessTokenException extends RuntimeException {

	public InvalidAccessTokenException(String message) {
		super(message);
	}

	public InvalidAccessTokenException(String message, Throwable cause) {
		super(message, cause);
	}

}
