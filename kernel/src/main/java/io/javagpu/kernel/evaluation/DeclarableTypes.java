package io.javagpu.kernel.evaluation;

import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Which types a variable declaration can name, and how: what a value computed elsewhere needs to become a variable. */
final class DeclarableTypes {
    private DeclarableTypes() {
    }

    /**
     * The type as source a later snippet can declare a variable with, or null where it cannot be written down (null,
     * an intersection, a capture, an anonymous or local class).
     */
    static String nameInSource(TypeMirror type) {
        return isDenotable(type) ? type.toString() : null;
    }

    private static boolean isDenotable(TypeMirror type) {
        if (type.getKind().isPrimitive()) return true;
        return switch (type.getKind()) {
            case ARRAY -> isDenotable(((ArrayType) type).getComponentType());
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                TypeElement element = (TypeElement) declared.asElement();
                boolean named = element.getNestingKind() == NestingKind.TOP_LEVEL
                        || element.getNestingKind() == NestingKind.MEMBER;
                if (!named || !isDenotable(declared.getEnclosingType(), true)) yield false;
                for (TypeMirror argument : declared.getTypeArguments()) {
                    if (!isDenotableArgument(argument)) yield false;
                }
                yield true;
            }
            default -> false;
        };
    }

    private static boolean isDenotable(TypeMirror enclosing, boolean noneAllowed) {
        return (noneAllowed && enclosing.getKind() == TypeKind.NONE) || isDenotable(enclosing);
    }

    private static boolean isDenotableArgument(TypeMirror argument) {
        if (argument.getKind() != TypeKind.WILDCARD) return argument.getKind() != TypeKind.TYPEVAR && isDenotable(argument);
        WildcardType wildcard = (WildcardType) argument;
        TypeMirror bound = wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : wildcard.getSuperBound();
        return bound == null || isDenotable(bound);
    }
}
