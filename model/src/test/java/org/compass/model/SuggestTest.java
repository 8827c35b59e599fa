package org.compass.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    private static final List<String> NETWORKS = List.of("resnet18", "squeezenet1_0", "squeezenet1_1", "vgg16");

    @Test
    void oneNearNameIsSuggested() {
        assertEquals("; did you mean resnet18?", Suggest.didYouMean("resnet81", NETWORKS));
    }

    @Test
    void equallyNearNamesAreAllSuggested() {
        assertEquals("; did you mean squeezenet1_0 or squeezenet1_1?", Suggest.didYouMean("squeezenet1", NETWORKS));
        assertEquals("; did you mean ac, ad or ae?", Suggest.didYouMean("ab", List.of("ac", "ad", "ae")));
    }

    /** A trial typed "llama2" and was offered llama2_7b only. */
    @Test
    void aBeginningOfAFewNamesSuggestsThemAll() {
        List<String> decoders = List.of("llama2_7b", "llama3_8b", "llama2_70b", "mistral_7b");
        assertEquals("; did you mean llama2_7b or llama2_70b?", Suggest.didYouMean("llama2", decoders));
        assertEquals("; did you mean llama3_8b?", Suggest.didYouMean("llama3", decoders));
    }

    @Test
    void nothingNearIsNotSuggested() {
        assertEquals("", Suggest.didYouMean("transformer", NETWORKS));
    }
}
