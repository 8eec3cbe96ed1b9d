package io.github.wxminiauth.sessionkey;

/**
 * The decrypted data carries no watermark, or the watermark's {@code appid} is not the app the
 * user logged in to: the data was produced for another mini program and must not be trusted.
 *
 * @since 0.1.0
 */
public class WatermarkMismatchException extends WxUserDataException {

	public WatermarkMismatchException(String message) {
		super(message);
	}

}
