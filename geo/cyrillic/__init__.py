"""Place names in Ukrainian and Russian text: inflected forms, region adjectives, uk/ru spellings."""
