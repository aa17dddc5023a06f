CREATE MIGRATION m1jjyaic7f2eg6uhklrof44qwm3lrmwa4r5jpuowth7rhvcbgufgxa
    ONTO m1i3lx4zkoyghcxsad5gikr7dpl46ul44fh3ajunmp2ovvx7mpmqza
{
  CREATE TYPE default::LectureQuestion {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY asked_at: std::datetime;
      CREATE INDEX ON ((.lecture, .asked_at));
      CREATE PROPERTY answer: std::str;
      CREATE PROPERTY answered_at: std::datetime;
      CREATE REQUIRED PROPERTY asker_id: std::str;
      CREATE REQUIRED PROPERTY citations: std::json {
          SET default := (std::to_json('[]'));
      };
      CREATE REQUIRED PROPERTY question_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY status: std::str;
      CREATE REQUIRED PROPERTY text: std::str;
  };
};
