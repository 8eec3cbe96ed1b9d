package io.github.wxminiauth.test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * Just enough DER to write keys in the forms other tools use (PKCS#1, SEC1).
 */
public final class Der {

	private Der() {
	}

	public static byte[] integer(BigInteger value) {
		return element(0x02, value.toByteArray());
	}

	public static byte[] octetString(byte[] value) {
		return element(0x04, value);
	}

	public static byte[] sequence(byte[]... elements) {
		return element(0x30, concat(elements));
	}

	/** A context-specific, constructed element: {@code [tag] EXPLICIT}. */
	public static byte[] explicit(int tag, byte[] content) {
		return element(0xa0 | tag, content);
	}

	/** An OBJECT IDENTIFIER, given its already encoded body. */
	public static byte[] oid(byte... body) {
		return element(0x06, body);
	}

	/** The OID of the P-256 curve, 1.2.840.10045.3.1.7. */
	public static byte[] p256() {
		return oid((byte) 0x2a, (byte) 0x86, (byte) 0x48, (byte) 0xce, (byte) 0x3d, (byte) 0x03, (byte) 0x01,
				(byte) 0x07);
	}

	/** The value of a positive integer in exactly {@code length} bytes, big-endian. */
	public static byte[] unsigned(BigInteger value, int length) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[length];
		int n = Math.min(bytes.length, length);
		System.arraycopy(bytes, bytes.length - n, fixed, length - n, n);
		return fixed;
	}

	public static byte[] element(int tag, byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = content.length;
		if (length < 0x80) {
			out.write(length);
		}
		else if (length < 0x100) {
			out.write(0x81);
			out.write(length);
		}
		else {
			out.write(0x82);
			out.write(length >> 8);
			out.write(length & 0xff);
		}
		out.writeBytes(content);
		return out.toByteArray();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
