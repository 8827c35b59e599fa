package org.compass.model.onnx;

import java.util.List;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** Reading a node's attributes with their defaults. */
final class Attributes {

    private Attributes() {
    }

    static AttributeProto attr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long attrInt(NodeProto n, String name, long dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getI();
    }

    static List<Long> attrInts(NodeProto n, String name) {
        AttributeProto a = attr(n, name);
        return a == null ? null : a.getIntsList();
    }

    static String attrString(NodeProto n, String name, String dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }
}
