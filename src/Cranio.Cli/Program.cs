Console.WriteLine("cranio");
