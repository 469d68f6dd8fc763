-- Keys of several types whose Diesel schema (pass/foreign_key_types_agree.rs)
-- agrees with them: VARCHAR and TEXT are Text, BIGSERIAL and BIGINT BigInt,
-- SERIAL Integer.
CREATE TABLE countries (
    code VARCHAR(2) PRIMARY KEY
);

CREATE TABLE regions (
    id BIGSERIAL PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries (code)
);

CREATE TABLE cities (
    id SERIAL PRIMARY KEY,
    region_id BIGINT NOT NULL REFERENCES regions (id),
    twin_code CHARACTER VARYING(2) REFERENCES countries (code)
);

CREATE TABLE cities_countries (
    city_id INTEGER NOT NULL REFERENCES cities (id),
    country_code VARCHAR(2) NOT NULL REFERENCES countries (code),
    PRIMARY KEY (city_id, country_code)
);
